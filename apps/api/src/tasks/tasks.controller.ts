import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Page } from '../common/page.dto';
import { ListTasksDto } from './list-tasks.dto';
import { TasksService, type TaskView } from './tasks.service';

@ApiTags('tasks')
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  list(@Query() query: ListTasksDto): Promise<Page<TaskView>> {
    return this.tasks.list(query);
  }
}
